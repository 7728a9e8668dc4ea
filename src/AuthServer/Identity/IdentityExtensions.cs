using AuthServer.Core;
using AuthServer.Razor;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthServer.Identity;

public static class IdentityExtensions
{
    /// <summary>The session cookie; <c>__Host-</c>-prefixed over https (Secure, whole site, no Domain: no subdomain can set it).</summary>
    public const string SessionCookie = "authserver.session";

    /// <summary>
    /// ASP.NET Core Identity with its UI (login, register, password reset, 2FA), email confirmation for
    /// self-registration, sign-in limits (<see cref="LoginOptions"/>), the account mails (<see cref="AccountMail"/>,
    /// sent through <see cref="Mail.MailExtensions"/>); accounts, their members and invitations.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddDefaultIdentity<AppUser>(options =>
            {
                // SPEC §7: register with email confirmation; demo users are seeded confirmed.
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                // AddDefaultIdentity caps Identity's key columns at 128 characters in the model it builds at
                // run time only; every provider's migrations are made from the design-time model, which has
                // no cap. Without this PostgreSQL and SQL Server refuse to start ("pending model changes").
                options.Stores.MaxLengthForKeys = 0;
            })
            .AddEntityFrameworkStores<AuthServerDbContext>()
            .AddSignInManager<LockoutSignInManager>();

        builder.Services.AddValidatedOptions<LoginOptions>(LoginOptions.Section);
        // Identity's own lockout is the per-account cap across all networks (LoginThrottle keeps the per-network one).
        builder.Services.AddOptions<IdentityOptions>().Configure<IOptions<LoginOptions>>((options, login) =>
        {
            options.Lockout.MaxFailedAccessAttempts = login.Value.FailuresPerUser;
            options.Lockout.DefaultLockoutTimeSpan = login.Value.LockoutDuration;
        });

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthOptions>, IHostEnvironment>((options, auth, environment) =>
            {
                var https = PublicOrigin.IsHttps(auth.Value, environment);
                options.Cookie.Name = https ? "__Host-" + SessionCookie : SessionCookie;
                options.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            });
        builder.Services.AddOptions<AntiforgeryOptions>().Configure<IOptions<AuthOptions>, IHostEnvironment>((options, auth, environment) =>
            options.Cookie.SecurePolicy = PublicOrigin.IsHttps(auth.Value, environment) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<DecoyPassword>();
        builder.Services.AddScoped<AccountMail>();
        builder.Services.AddScoped<AccountRegistration>();
        builder.Services.AddScoped<LoginDeletion>();
        builder.Services.AddAuthServerPages();
        return builder;
    }
}
