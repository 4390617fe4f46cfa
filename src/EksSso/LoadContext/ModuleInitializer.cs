using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace EksSso.LoadContext;

/// <summary>
/// Sends the engine (and through it AWSSDK.*, KubernetesClient, YamlDotNet) into a load context of its own, so
/// EksSso works beside AWS.Tools or any module that already loaded another AWSSDK.Core into the session.
/// Only the engine is resolved here; everything it references is then found by its own load context.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private const string EngineAssemblyName = "EksSso.Engine";

    private static readonly string s_dependencyDirectory = Path.Combine(
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");

    private static readonly Lazy<DependencyLoadContext> s_loadContext = new(() => new DependencyLoadContext(s_dependencyDirectory));

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext defaultContext, AssemblyName name) =>
        name.Name == EngineAssemblyName ? s_loadContext.Value.LoadFromAssemblyName(name) : null;
}

internal sealed class DependencyLoadContext(string directory) : AssemblyLoadContext("EksSso.Dependencies", isCollectible: false)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(directory, assemblyName.Name + ".dll");

        // Anything not shipped in Dependencies/ (the framework itself) comes from the default context.
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
