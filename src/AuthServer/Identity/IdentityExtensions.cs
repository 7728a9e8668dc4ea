using AuthServer.Core.Accounts;
using AuthServer.Core.Data;
using Microsoft.AspNetCore.Identity;
using AuthServer.Razor;

namespace AuthServer.Identity;

public static class IdentityExtensions
{
    /// <summary>
    /// ASP.NET Core Identity with its UI (login, register, password reset, 2FA), lockout on every
    /// password sign-in; accounts, their members and invitations. Mail goes through <see cref="Mail.MailExtensions"/>.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddDefaultIdentity<AppUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                // AddDefaultIdentity caps Identity's key columns at 128 characters in the model it builds at
                // run time only; every provider's migrations are made from the design-time model, which has
                // no cap. Without this PostgreSQL and SQL Server refuse to start ("pending model changes").
                options.Stores.MaxLengthForKeys = 0;
            })
            .AddEntityFrameworkStores<AuthServerDbContext>()
            .AddSignInManager<LockoutSignInManager>();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "authserver.session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        builder.Services.AddScoped<AccountRegistration>();
        builder.Services.AddScoped<AccountMembers>();
        builder.Services.AddScoped<InvitationService>();
        builder.Services.AddAuthServerPages();
        return builder;
    }
}
