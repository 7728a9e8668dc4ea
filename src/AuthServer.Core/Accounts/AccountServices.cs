namespace AuthServer.Core.Accounts;

public static class AccountServices
{
    /// <summary>
    /// Accounts (SPEC §2): their members and invitations, and the suspended accounts every request checks,
    /// held in memory (kept in step with the database by OAuth's TokenStateSync).
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<AccountMembers>();
        services.AddScoped<InvitationService>();
        services.AddSingleton<SuspendedAccounts>();
        return services;
    }
}
