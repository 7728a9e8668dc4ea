using AuthServer.Razor.Binding;
using AuthServer.Razor.Consent;
using AuthServer.Razor.Members;
using AuthServer.Razor.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Razor;

public static class PagesExtensions
{
    /// <summary>
    /// Razor Pages with this library's pages (home, consent, /developers, /settings, invitations). The host
    /// names the library explicitly: it holds no MVC package reference from which the SDK would infer it.
    /// </summary>
    public static IMvcBuilder AddAuthServerPages(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentAccount>();
        services.AddScoped<AuthorizationContinuation>();
        services.AddScoped<InvitationMail>();
        services.AddSingleton<ConsentBinding>();
        return services.AddRazorPages()
            .AddApplicationPart(typeof(PagesExtensions).Assembly)
            .AddMvcOptions(options => options.ModelBinderProviders.Insert(0, new StrictBooleanModelBinder.Provider()));
    }
}
