using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Strata.GitHub;

namespace Strata.Tests.GitHub.ChangedFiles;

public class OctokitChangedFilesTests
{
    /// <summary>Serves a pull request's files in pages, linking each page to the next the way the GitHub API does.</summary>
    sealed class PagedPullRequestFiles(IReadOnlyList<string> files, int pageSize) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            var page = int.Parse(query["page"] ?? "1");
            var requestedSize = int.Parse(query["per_page"] ?? "30");
            Assert.Equal(pageSize, requestedSize);
            var pages = (files.Count + pageSize - 1) / pageSize;

            var body = new JsonArray(files.Skip((page - 1) * pageSize).Take(pageSize).Select(name => (JsonNode)new JsonObject
            {
                ["sha"] = "0123456789abcdef0123456789abcdef01234567",
                ["filename"] = name,
                ["status"] = name.EndsWith(".renamed") ? "renamed" : "modified",
                ["previous_filename"] = name.EndsWith(".renamed") ? "old/" + name : null,
                ["additions"] = 1, ["deletions"] = 0, ["changes"] = 1,
                ["blob_url"] = "https://github.com/o/r/blob/x/" + name,
                ["raw_url"] = "https://github.com/o/r/raw/x/" + name,
                ["contents_url"] = "https://api.github.com/repos/o/r/contents/" + name,
                ["patch"] = "",
            }).ToArray());
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            var links = new List<string>();
            if (page < pages)
                links.Add($"<{PageUri(page + 1)}>; rel=\"next\"");
            links.Add($"<{PageUri(pages)}>; rel=\"last\"");
            response.Headers.TryAddWithoutValidation("Link", string.Join(", ", links));
            return Task.FromResult(response);
        }

        static string PageUri(int page) =>
            $"https://api.github.com/repositories/42/pulls/9672/files?per_page=100&page={page}";
    }

    sealed class Failing(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent("{\"message\":\"Not Found\"}", Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
    }

    [Fact]
    public async Task Reads_every_page_of_the_pull_request_files()
    {
        var files = Enumerable.Range(0, 237).Select(i => $"backend/python/b{i}/file{i}.py").ToList();
        var handler = new PagedPullRequestFiles(files, pageSize: 100);
        var source = new OctokitChangedFiles("mudler", "LocalAI", 9672, token: "secret-token", handler);

        var changed = await source.GetChangedFilesAsync();

        Assert.Equal(files, changed);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("/repos/mudler/LocalAI/pulls/9672/files", handler.Requests[0].RequestUri!.AbsolutePath);
        Assert.All(handler.Requests, r => Assert.Equal("secret-token", r.Headers.Authorization?.Parameter));
    }

    [Fact]
    public async Task A_renamed_file_counts_under_its_old_and_new_name()
    {
        var handler = new PagedPullRequestFiles(["backend/go/x/moved.renamed"], pageSize: 100);
        var source = new OctokitChangedFiles("o", "r", 1, token: null, handler);

        var changed = await source.GetChangedFilesAsync();

        Assert.Equal(["backend/go/x/moved.renamed", "old/backend/go/x/moved.renamed"], changed);
    }

    [Fact]
    public async Task An_api_error_names_the_pull_request()
    {
        var source = new OctokitChangedFiles("o", "r", 5, token: null, new Failing(HttpStatusCode.NotFound));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.GetChangedFilesAsync());

        Assert.Contains("#5 of o/r", error.Message);
        Assert.Contains("NotFound", error.Message);
    }
}
