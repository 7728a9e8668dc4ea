using Microsoft.AspNetCore.Identity;

namespace AuthServer.Core.Accounts;

/// <summary>A person who logs in (ASP.NET Core Identity). Accounts are reached through memberships.</summary>
public sealed class AppUser : IdentityUser
{
    public List<Membership> Memberships { get; } = [];
}
