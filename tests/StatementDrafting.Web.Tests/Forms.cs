using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Mvc.Testing;

namespace StatementDrafting.Web.Tests;

/// <summary>
/// Using statically rendered pages the way a browser does: a client that keeps cookies and shows each redirect, and
/// forms submitted with their hidden fields (the antiforgery token and the form's name among them).
/// </summary>
internal static class Forms
{
    /// <summary>A client like a browser: it keeps cookies and does not follow redirects, so tests see each answer.</summary>
    public static HttpClient Browser(this AppFactory app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    /// <summary>
    /// Submits the form <paramref name="formSelector"/> of the page at <paramref name="path"/>: its hidden fields plus
    /// <paramref name="fields"/> (the inputs and the pressed button); with <paramref name="file"/>, as multipart form data.
    /// </summary>
    public static async Task<(HttpStatusCode Status, IDocument Page, Uri? Location)> SubmitAsync(
        HttpClient client, string path, string formSelector, (string Name, string Value)[] fields, (string Name, string FileName, byte[] Content)? file = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (status, page) = await Html.GetAsync(client, path);
        var form = page.QuerySelector(formSelector)
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {path} (answered {status}).");
        return await PostAsync(client, path, form, fields, file);
    }

    /// <summary>
    /// Posts a form already on a page (for instance one that a preview rendered) with its hidden fields and
    /// <paramref name="fields"/>, to the form's action or, without one, back to <paramref name="path"/>, the page it is on.
    /// </summary>
    public static async Task<(HttpStatusCode Status, IDocument Page, Uri? Location)> PostAsync(
        HttpClient client, string path, IElement form, (string Name, string Value)[] fields, (string Name, string FileName, byte[] Content)? file = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(fields);
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? string.Empty))
            .Concat(fields)
            .ToList();
        var action = form.GetAttribute("action") is { Length: > 0 } a ? "/" + a.TrimStart('/') : path;
        HttpContent content;
        if (file is { } upload)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in values)
            {
                multipart.Add(new StringContent(value), name);
            }

            multipart.Add(new ByteArrayContent(upload.Content), upload.Name, upload.FileName);
            content = multipart;
        }
        else
        {
            content = new FormUrlEncodedContent(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));
        }

        using (content)
        {
            using var response = await client.PostAsync(new Uri(action, UriKind.Relative), content);
            return (response.StatusCode, await Html.ParseAsync(await response.Content.ReadAsStringAsync()), response.Headers.Location);
        }
    }

    /// <summary>The path (and query) a redirect points to, whether the app wrote it absolute or relative.</summary>
    public static string PathOf(Uri? location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new Uri(new Uri("http://localhost/"), location).PathAndQuery;
    }
}
