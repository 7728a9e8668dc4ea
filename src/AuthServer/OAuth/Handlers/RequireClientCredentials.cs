namespace AuthServer.OAuth.Handlers;

/// <summary>Active when the request carries client credentials: a <c>client_secret</c> or a <c>client_assertion</c>.</summary>
public sealed class RequireClientCredentials : IOpenIddictServerHandlerFilter<ProcessAuthenticationContext>
{
    public ValueTask<bool> IsActiveAsync(ProcessAuthenticationContext context) =>
        new(!string.IsNullOrEmpty(context.ClientSecret) || !string.IsNullOrEmpty(context.ClientAssertion));
}
