using System.Security.Claims;
using AuthServer.Core.Clients;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// An address's own check before <see cref="TokenRedeemer"/> redeems a code or refresh token (the limits of
/// <c>/api/auth/renew</c>, <see cref="RedeemRenewedToken"/>): it rejects <paramref name="context"/> to refuse,
/// and then nothing is redeemed.
/// </summary>
public delegate void RedemptionRule(ValidateTokenRequestContext context, OAuthClient client, ClaimsPrincipal principal);
