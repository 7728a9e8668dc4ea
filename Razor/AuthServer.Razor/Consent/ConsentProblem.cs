namespace AuthServer.Razor.Consent;

/// <summary>Why the request cannot go on; shown instead of the form, never redirected to the client.</summary>
public sealed record ConsentProblem(string Title, string Detail);
