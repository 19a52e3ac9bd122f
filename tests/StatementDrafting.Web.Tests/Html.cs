using AngleSharp;
using AngleSharp.Dom;

namespace StatementDrafting.Web.Tests;

/// <summary>Reads HTML the way a browser would, so tests assert on text and structure rather than on markup strings.</summary>
public static class Html
{
    public static async Task<IDocument> ParseAsync(string html)
    {
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html));
    }

    public static async Task<(System.Net.HttpStatusCode Status, IDocument Document)> GetAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await ParseAsync(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The visible text of an element with white space folded.</summary>
    public static string Text(this IElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
