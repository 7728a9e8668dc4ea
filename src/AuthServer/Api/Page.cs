namespace AuthServer.Api;

/// <summary>One page of a list (SPEC §6): <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
