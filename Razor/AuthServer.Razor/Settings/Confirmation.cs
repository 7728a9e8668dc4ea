namespace AuthServer.Razor.Settings;

/// <summary>
/// The confirmation step of a destructive action (delete a secret or an app, revoke, remove): the first
/// post shows this, and only the post it makes (with <c>confirm=true</c>) acts. Plain forms, so it works
/// without JavaScript.
/// </summary>
/// <param name="Handler">The page handler that acts once confirmed.</param>
/// <param name="Fields">The first post's own fields (which item), posted again.</param>
public sealed record Confirmation(string Title, string Detail, string Handler, IReadOnlyDictionary<string, string> Fields, string Button);
