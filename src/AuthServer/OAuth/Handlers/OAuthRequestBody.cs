using System.Buffers;
using Microsoft.Extensions.Primitives;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AuthServer.OAuth.Handlers;

/// <summary>
/// Reads the body of an OAuth request under a size cap enforced while reading (a chunked body has no
/// Content-Length to check first), and refuses what no OAuth request holds (NUL characters, more than the
/// form limits): each a clear <c>invalid_request</c>, where the framework's form reader threw (500).
/// </summary>
public static class OAuthRequestBody
{
    /// <summary>A token, revocation or introspection request is a handful of short fields.</summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>An authorization request posted back from the consent form also carries its choices.</summary>
    public const int MaxAuthorizationBytes = 64 * 1024;

    /// <returns>The body, or null (and the request rejected) when it is too large or cannot be read.</returns>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(BaseValidatingContext context, HttpRequest http, int limit)
    {
        if (http.ContentLength > limit)
        {
            context.Reject(Errors.InvalidRequest, $"The request body is larger than {limit} bytes.");
            return null;
        }

        var body = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await http.Body.ReadAsync(chunk, context.CancellationToken)) > 0)
            {
                if (body.Length + read > limit)
                {
                    context.Reject(Errors.InvalidRequest, $"The request body is larger than {limit} bytes.");
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (Exception exception) when (exception is BadHttpRequestException or IOException)
        {
            context.Reject(Errors.InvalidRequest, "The request body could not be read.");
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <returns>The form, or null (and the request rejected) when the body is not one we accept, NUL included.</returns>
    public static async Task<IFormCollection?> ReadFormAsync(BaseValidatingContext context, HttpRequest http, int limit)
    {
        if (await ReadAsync(context, http, limit) is not { } body)
        {
            return null;
        }

        // The framework's form reader parses what was read, with its limits (1024 fields, 2 KB names).
        http.Body = new MemoryStream(body.ToArray(), writable: false);
        http.ContentLength = body.Length;
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(context.CancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            context.Reject(Errors.InvalidRequest, "The form body is malformed: too many fields, a field name too long, or characters no form holds.");
            return null;
        }

        return RejectsNul(context, form) ? null : form;
    }

    /// <summary>
    /// No OAuth parameter holds a NUL; letting one through only moves the failure deeper in. Every way a
    /// request is read (query, form, JSON) asks this before handing the parameters on.
    /// </summary>
    /// <returns>Whether one does, the request then rejected.</returns>
    public static bool RejectsNul(BaseValidatingContext context, IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        if (HasNul(parameters))
        {
            context.Reject(Errors.InvalidRequest, "A parameter holds a NUL character.");
            return true;
        }

        return false;
    }

    private static bool HasNul(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        foreach (var (key, values) in parameters)
        {
            if (key.Contains('\0', StringComparison.Ordinal))
            {
                return true;
            }

            foreach (var value in values)
            {
                if (value?.Contains('\0', StringComparison.Ordinal) == true)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
