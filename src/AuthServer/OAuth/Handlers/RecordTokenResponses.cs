using System.Security.Claims;
using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Tokens;
using AuthServer.Telemetry;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Records every answer of the token endpoint (<c>/api/auth/token</c> and <c>/api/auth/renew</c>), issued or
/// refused, in the audit log and the metrics: one observer for both, so each answer is looked at once.
/// <para>Audit (SPEC §2), through the in-memory queue: ids and error codes only, never a token or secret,
/// and no database write on the request's path. A refusal for a known client (a wrong secret, above all) goes
/// into the audit log of the account that owns the client, read from the client snapshot the request has
/// just loaded, so it costs no query either.</para>
/// <para>Metrics: issued by grant type and client kind (Developer Application families are bound to a grant,
/// <see cref="TokenClaims.GrantId"/>; API-key ones never are), refused by RFC 6749 error.</para>
/// </summary>
public sealed class RecordTokenResponses(AuditQueue audit, ClientSnapshotCache clients, AuthServerMetrics metrics) :
    IOpenIddictServerHandler<ProcessSignInContext>,
    IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor SignInDescriptor { get; } = CustomHandler.For<ProcessSignInContext>()
        .AddFilter<RequireTokenRequest>()
        .UseSingletonHandler<RecordTokenResponses>().At(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1000);

    /// <summary>Early, before any handler writes the response and ends the pipeline.</summary>
    public static OpenIddictServerHandlerDescriptor ResponseDescriptor { get; } = CustomHandler.For<ApplyTokenResponseContext>()
        .UseSingletonHandler<RecordTokenResponses>().At(int.MinValue + 160_000);

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        Issued(context, context.Principal, context.Response);
        return default;
    }

    /// <summary>Tokens issued to the request's client: by OpenIddict's sign-in, or by <see cref="IssueClientCredentialsTokens"/>.</summary>
    public void Issued(BaseContext context, ClaimsPrincipal? principal, OpenIddictResponse response)
    {
        _ = Guid.TryParse(principal?.GetClaim(TokenClaims.AccountId), out var accountId);
        Enqueue(context, accountId == Guid.Empty ? null : accountId, AuditActions.TokenIssued, AuditOutcome.Success,
            "scope: " + response.Scope);
        metrics.TokenIssued(context.Transaction.Request?.GrantType, principal?.HasClaim(TokenClaims.GrantId) == true);
    }

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Error is { } error)
        {
            var clientId = context.Transaction.Request?.ClientId;
            Guid? owner = clientId is not null && clients.TryGet(clientId, out var client) && client is not null ? client.AccountId : null;
            Enqueue(context, owner, AuditActions.TokenRefused, AuditOutcome.Failure, error);
            metrics.TokenRefused(error);
        }

        return default;
    }

    private void Enqueue(BaseContext context, Guid? accountId, string action, AuditOutcome outcome, string? detail)
    {
        var request = context.Transaction.Request;
        audit.Enqueue(new AuditEntry(
            accountId,
            "client:" + (request?.ClientId ?? "unknown"),
            action,
            Target: request?.GrantType,
            Outcome: outcome,
            Ip: context.ClientIp(),
            Detail: detail));
    }
}
