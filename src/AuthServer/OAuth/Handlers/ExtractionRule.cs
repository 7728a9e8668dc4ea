namespace AuthServer.OAuth.Handlers;

/// <summary>
/// An address's own check of the token request <see cref="ExtractFormOrJsonTokenRequest"/> has read (the
/// refresh-only rule of <c>/api/auth/renew</c>, <see cref="ExtractRenewRequest"/>): it may complete
/// <paramref name="request"/>, or reject <paramref name="context"/>, and then the request is not handed on.
/// </summary>
public delegate void ExtractionRule(ExtractTokenRequestContext context, OpenIddictRequest request);
