using AuthServer.Core;

namespace AuthServer.Tests;

public sealed class ScopesTests
{
    [Fact]
    public void DefaultFrom_AllScopes_LeavesOutAdmin() =>
        Assert.Equal(Scopes.All.Where(s => s != Scopes.Admin), Scopes.DefaultFrom(Scopes.All));

    [Fact]
    public void Describe_EveryScope_HasPlainWords() =>
        Assert.All(Scopes.All, s => Assert.NotEqual(s, Scopes.Describe(s)));
}
