namespace AuthServer.Core.Forms;

public static class FormServices
{
    /// <summary>One-time form tokens: a form post that shows a secret once creates nothing when repeated.</summary>
    public static IServiceCollection AddForms(this IServiceCollection services)
    {
        services.AddScoped<OneTimeForms>();
        return services;
    }
}
