namespace AuthServer.Core.Participants;

public static class ParticipantServices
{
    /// <summary>Participants (SPEC §2, <c>Participants</c> section) and how new ones are verified.</summary>
    public static IServiceCollection AddParticipants(this IServiceCollection services)
    {
        services.AddOptions<ParticipantsOptions>().BindConfiguration(ParticipantsOptions.Section)
            .Validate(o => Enum.IsDefined(o.Verification), "Participants:Verification must be Operator or Automatic.").ValidateOnStart();
        services.AddScoped<ParticipantService>();
        return services;
    }
}
