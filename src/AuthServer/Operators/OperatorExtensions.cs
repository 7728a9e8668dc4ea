using AuthServer.Core.Operators;
using AuthServer.Demo;
using AuthServer.Razor.Operators;

namespace AuthServer.Operators;

public static class OperatorExtensions
{
    /// <summary>
    /// Participant verification and the operator console (SPEC §2 "Operator", §7 <c>/operator</c>): who the
    /// operators are (<c>Operator:Emails</c>, plus <c>Demo:OperatorEmail</c> while demo data is on), how new
    /// participants are verified (<c>Participants:Verification</c>), suspensions, the operator log and the
    /// mails to the accounts' Admins. The suspended accounts live in memory (OAuth's TokenStateSync polls them).
    /// </summary>
    public static WebApplicationBuilder AddOperatorConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperatorOptions>().PostConfigure<IOptions<DemoOptions>, IHostEnvironment>((operators, demo, environment) =>
            {
                // The demo operator exists only where demo data does (Development, unless refused).
                if ((demo.Value.Enabled ?? environment.IsDevelopment()) && !string.IsNullOrWhiteSpace(demo.Value.OperatorEmail))
                {
                    operators.Emails.Add(demo.Value.OperatorEmail);
                }
            });
        builder.Services.AddScoped<OperatorMail>();
        return builder;
    }
}
