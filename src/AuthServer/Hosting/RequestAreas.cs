namespace AuthServer.Hosting;

/// <summary>Which <see cref="RequestArea"/> a request is in, from its path alone.</summary>
public static class RequestAreas
{
    private static readonly PathString Api = "/api";
    private static readonly PathString OAuth = "/api/auth";
    private static readonly PathString Authorize = "/" + AuthServer.OAuth.OAuthPaths.Authorize;

    public static RequestArea Of(HttpRequest request) => Of(request.Path);

    public static RequestArea Of(PathString path)
    {
        if (!path.StartsWithSegments(Api, StringComparison.OrdinalIgnoreCase))
        {
            return RequestArea.Page;
        }

        if (!path.StartsWithSegments(OAuth, StringComparison.OrdinalIgnoreCase))
        {
            return RequestArea.Api;
        }

        return path.StartsWithSegments(Authorize, StringComparison.OrdinalIgnoreCase) ? RequestArea.Page : RequestArea.OAuth;
    }
}
