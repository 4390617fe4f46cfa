using System.Collections.Concurrent;
using EksSso.Sandbox.Model;

namespace EksSso.Sandbox.Tests.Model;

/// <summary>
/// The botocore models the sandbox embeds, read from the test output (<c>Models/</c>, linked by the test project)
/// or, when run outside it, from the shared reference folder. Each model is parsed once per test run.
/// </summary>
internal static class ModelFiles
{
    public static readonly string[] Services = ["organizations", "sso-admin", "identitystore", "iam", "sts", "eks", "sso", "sso-oidc", "ec2"];

    private const string SharedFolder = "/work/shared/aws-reference";

    private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> s_models = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ModelCodec> s_codecs = new(StringComparer.Ordinal);

    public static string PathOf(string service)
    {
        var local = Path.Combine(AppContext.BaseDirectory, "Models", service + ".json");
        return File.Exists(local) ? local : Path.Combine(SharedFolder, service + ".json");
    }

    public static ServiceModel Load(string service) =>
        s_models.GetOrAdd(service, s => new Lazy<ServiceModel>(() =>
        {
            using var stream = File.OpenRead(PathOf(s));
            return ServiceModel.Load(stream);
        })).Value;

    /// <summary>A shared codec (no drop callback set: tests that need one make their own).</summary>
    public static ModelCodec Codec(string service) => s_codecs.GetOrAdd(service, s => new ModelCodec(Load(s)));

    public static ServiceModel FromJson(string json) => ServiceModel.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

    public static List<KeyValuePair<string, string>> Form(params (string Key, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList();
}
