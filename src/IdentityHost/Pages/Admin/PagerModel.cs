using Microsoft.AspNetCore.WebUtilities;

namespace IdentityHost.Pages.Admin;

/// <summary>Previous/next links of a paged list, keeping the list's other query parameters.</summary>
public sealed record PagerModel(int Page, bool HasPrevious, bool HasNext, int Total, string Path, Dictionary<string, string?> Query)
{
    /// <summary>The page number's query parameter. Not "page": Razor Pages reserves that route value for the page's path.</summary>
    public const string PageParameter = "p";

    public string Link(int page)
    {
        var query = Query.Where(q => !string.IsNullOrEmpty(q.Value)).ToDictionary(q => q.Key, q => q.Value);
        query[PageParameter] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, query);
    }
}
