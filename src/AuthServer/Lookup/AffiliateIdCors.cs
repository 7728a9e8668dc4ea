using System.Runtime.CompilerServices;
using AuthServer.Core.Affiliates;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace AuthServer.Lookup;

/// <summary>
/// The CORS policy of an affiliate ID's allowed origins (SPEC §4 method 4). Core keeps the origins; the
/// policy is ASP.NET's, so it is built here, once per snapshot the directory reads (at most every few
/// seconds per ID), not per lookup.
/// </summary>
public static class AffiliateIdCors
{
    private static readonly ConditionalWeakTable<AffiliateIdSnapshot, CorsPolicy> Policies = [];

    /// <returns>Null when no origin is listed: then lookups answer no CORS at all.</returns>
    public static CorsPolicy? PolicyFor(AffiliateIdSnapshot affiliate) =>
        affiliate.AllowedOrigins.Count == 0 ? null : Policies.GetValue(affiliate, Build);

    // Credentials are never allowed: a lookup needs no cookie, and allowing them would let a listed site
    // read responses made with a visitor's session here.
    private static CorsPolicy Build(AffiliateIdSnapshot affiliate) => new CorsPolicyBuilder()
        .WithOrigins([.. affiliate.AllowedOrigins])
        .WithMethods(HttpMethods.Get)
        .AllowAnyHeader()
        .WithExposedHeaders("Retry-After")
        .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
        .Build();
}
