using AuthServer.Core;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace AuthServer.Mail;

public static class MailExtensions
{
    /// <summary>
    /// Outgoing mail (<see cref="IEmailSender"/>): through the SMTP server of <c>Mail:Smtp:Host</c> when set,
    /// else to the pickup folder <c>Mail:PickupDirectory</c>. Settings are checked at start.
    /// </summary>
    public static WebApplicationBuilder AddAuthServerMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MailOptions>(MailOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidation>();
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddSingleton<PickupFolderDelivery>();
        builder.Services.AddSingleton<SmtpDelivery>();
        builder.Services.AddSingleton<IMailDelivery>(services =>
            services.GetRequiredService<IOptions<MailOptions>>().Value.Smtp.Host is { Length: > 0 }
                ? services.GetRequiredService<SmtpDelivery>()
                : services.GetRequiredService<PickupFolderDelivery>());
        builder.Services.AddSingleton<IEmailSender, MailSender>();
        return builder;
    }
}
