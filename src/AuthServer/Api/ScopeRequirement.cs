namespace AuthServer.Api;

/// <summary>The token must hold any of <see cref="AnyOf"/>, or <c>admin</c> (<see cref="ScopeRequirementHandler"/>).</summary>
public sealed record ScopeRequirement(IReadOnlyList<string> AnyOf) : IAuthorizationRequirement;
