using System.Globalization;
using System.Text;

namespace StatementDrafting.ViewerBench;

/// <summary>The benchmark's accounts: the input of <c>accounts create</c>.</summary>
internal static class ViewerPeople
{
    public const string WatcherPrefix = "bench-watch-";

    public const string ViewerPrefix = "bench-view-";

    /// <summary>The demo organiser, who signs in with the password the demo wrote beside the database.</summary>
    public const string Organiser = "organiser@example.org";

    /// <summary>
    /// <paramref name="typists"/> co-hosts of <paramref name="session"/> (which makes them co-hosts of its cluster's
    /// statement; addresses the load tool reads as typists of <paramref name="cluster"/>), <paramref name="watchers"/>
    /// participants for the hub, and <paramref name="viewers"/> participants for the pages.
    /// </summary>
    public static string Csv(int cluster, string session, int typists, int watchers, int viewers)
    {
        var csv = new StringBuilder("email,name,role,session\n");
        for (var k = 1; k <= typists; k++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"bench-pen-c{cluster}-{k}@example.org,Bench Typist {cluster}.{k},cohost,{session}\n");
        }

        for (var w = 1; w <= watchers; w++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{WatcherPrefix}{w:000}@example.org,Bench Watcher {w},participant,\n");
        }

        for (var v = 1; v <= viewers; v++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{ViewerPrefix}{v:000}@example.org,Bench Viewer {v},participant,\n");
        }

        return csv.ToString();
    }
}
