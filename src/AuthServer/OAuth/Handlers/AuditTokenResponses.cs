using AuthServer.Core.Audit;
using AuthServer.Core.Clients;
using AuthServer.Core.Tokens;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlerFilters;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Audits every token issued or refused (SPEC §2) through the in-memory queue: ids and error codes
/// only, never a token or secret, and no database write on the request's path. A refusal for a known
/// client (a wrong secret, above all) goes into the audit log of the account that owns the client, read
/// from the client snapshot the request has just loaded, so it costs no query either.
/// </summary>
public sealed class AuditTokenResponses(AuditQueue audit, ClientSnapshotCache clients) :
    IOpenIddictServerHandler<ProcessSignInContext>,
    IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static IEnumerable<OpenIddictServerHandlerDescriptor> Descriptors { get; } =
    [
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .AddFilter<RequireTokenRequest>()
            .UseSingletonHandler<AuditTokenResponses>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build(),
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<AuditTokenResponses>()
            .SetOrder(int.MinValue + 160_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build(),
    ];

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        _ = Guid.TryParse(context.Principal?.GetClaim(TokenClaims.AccountId), out var accountId);
        Enqueue(context, accountId == Guid.Empty ? null : accountId, AuditActions.TokenIssued, AuditOutcome.Success,
            "scope: " + context.Response.Scope);
        return default;
    }

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Error is not null)
        {
            var clientId = context.Transaction.Request?.ClientId;
            Guid? owner = clientId is not null && clients.TryGet(clientId, out var client) && client is not null ? client.AccountId : null;
            Enqueue(context, owner, AuditActions.TokenRefused, AuditOutcome.Failure, context.Error);
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
