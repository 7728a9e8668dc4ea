namespace AuthServer.Razor.Settings;

/// <summary>What a page says when a one-time form (one that shows a secret) is posted a second time.</summary>
public static class OneTimeFormResult
{
    public const string AlreadySent =
        "This form was already sent, and what it created was shown then, once. Nothing new was created. " +
        "If that secret was not copied, delete it and create another.";
}
