namespace AuthServer.Core.Tokens;

/// <summary>Claims our tokens carry beyond the RFC 9068 set (SPEC §4 "Token response").</summary>
public static class TokenClaims
{
    public const string AccountId = "account_id";
    public const string ParticipantIds = "participant_ids";
    public const string ClientId = "client_id";

    /// <summary>The token family: what one client_credentials call or one code exchange started.</summary>
    public const string FamilyId = "fam";

    /// <summary>When the family started (Unix seconds): API-key families end 30 days later.</summary>
    public const string FamilyStartedAt = "fam_iat";

    /// <summary>The client secret that started the family: deleting the secret revokes it.</summary>
    public const string SecretId = "sid";

    /// <summary>The Developer Application grant the family belongs to: revoking the grant revokes it.</summary>
    public const string GrantId = "gid";
}
