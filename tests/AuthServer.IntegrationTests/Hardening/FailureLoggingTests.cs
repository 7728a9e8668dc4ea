using System.Net;
using AuthServer.IntegrationTests.Infrastructure;
using AuthServer.OAuth.Handlers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Server;
using static AuthServer.IntegrationTests.Infrastructure.Tokens;

namespace AuthServer.IntegrationTests.Hardening;

/// <summary>
/// A failure on our side at an API or OAuth address answers "it has been logged": it must be. Since .NET 10 the
/// exception handler middleware stays silent about an exception an <c>IExceptionHandler</c> answered, and ours answer
/// every one there, so these 500s went unlogged until the middleware was told otherwise.
/// </summary>
public sealed class FailureLoggingTests
{
    private const string Secret = "boom-token-endpoint-detail";

    [Fact]
    public async Task TokenEndpointFailure_500ServerError_ExceptionLoggedNotShown()
    {
        await using var factory = new FailingTokenEndpointFactory();
        factory.CaptureLogs();
        using var client = factory.CreateClient();

        var response = await ClientCredentialsAsync(client);
        var body = response.Json.GetRawText();

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal("server_error", response.Error);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Contains(factory.Logs!.Entries, e => e.StartsWith("Error Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware:", StringComparison.Ordinal)
            && e.Contains(Secret, StringComparison.Ordinal));
    }

    /// <summary>Every token request fails inside OpenIddict's pipeline, as a bug of ours would.</summary>
    private sealed class FailingTokenEndpointFactory : AuthServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<Failing>();
                services.PostConfigure<OpenIddictServerOptions>(options => options.Handlers.Insert(0, Failing.Descriptor)); // first of its event
            });
        }
    }

    private sealed class Failing : IOpenIddictServerHandler<OpenIddictServerEvents.HandleTokenRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } = CustomHandler.For<OpenIddictServerEvents.HandleTokenRequestContext>()
            .UseSingletonHandler<Failing>().At(int.MinValue);

        public ValueTask HandleAsync(OpenIddictServerEvents.HandleTokenRequestContext context) => throw new InvalidOperationException(Secret);
    }
}
