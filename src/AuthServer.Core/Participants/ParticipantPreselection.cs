namespace AuthServer.Core.Participants;

/// <summary>
/// Which of an account's participants the consent screen pre-selects from the authorization request
/// (SPEC §4 "Participant pre-selection"): <c>euVatId</c> first, and when it matches <c>rn</c> and
/// <c>countryCode</c> are ignored; otherwise <c>rn</c> with <c>countryCode</c>, both required. Values go
/// through <see cref="IdentifierKey.Normalize"/>, the same normalization the stored keys went through.
/// </summary>
public static class ParticipantPreselection
{
    /// <returns>The matching participants' ids; empty when nothing matches (then nothing is pre-selected).</returns>
    public static IReadOnlySet<Guid> Match(IEnumerable<ParticipantKeys> participants, string? euVatId, string? rn, string? countryCode)
    {
        var candidates = participants as IReadOnlyCollection<ParticipantKeys> ?? [.. participants];
        if (IdentifierKey.Normalize(euVatId) is { } vat)
        {
            var byVat = candidates.Where(p => p.EuVatIdKey == vat).Select(p => p.Id).ToHashSet();
            if (byVat.Count > 0)
            {
                return byVat;
            }
        }

        // A registration number is only unique within a country: one without the other names nobody.
        if (IdentifierKey.Normalize(rn) is { } number && IdentifierKey.Normalize(countryCode) is { } country)
        {
            return candidates.Where(p => p.RnKey == number && p.CountryCode == country).Select(p => p.Id).ToHashSet();
        }

        return new HashSet<Guid>();
    }
}
