using System.Reflection;
using EksSso.Commands;
using Xunit;

namespace EksSso.Tests.Cmdlets;

/// <summary>The rules that keep the cmdlet assembly loadable beside another AWSSDK (see docs/ARCHITECTURE.md).</summary>
public sealed class LoadContextRulesTests
{
    private static readonly Assembly s_cmdlets = typeof(EksSsoCmdlet).Assembly;

    [Fact]
    public void Cmdlet_assembly_references_no_third_party_assembly_but_the_engine()
    {
        var references = s_cmdlets.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("EksSso.Engine", references);
        Assert.DoesNotContain(references, n => n.StartsWith("AWSSDK", StringComparison.Ordinal) || n is "KubernetesClient" or "YamlDotNet");
    }

    [Fact]
    public void No_exported_type_has_an_engine_type_in_its_layout()
    {
        var engine = typeof(EksSso.Engine.Aws.AwsSession).Assembly;
        foreach (var type in s_cmdlets.GetExportedTypes())
        {
            var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            Assert.All(fields, f => Assert.False(f.FieldType.Assembly == engine, $"{type.FullName}.{f.Name} is of engine type {f.FieldType}"));
            Assert.DoesNotContain(type.GetInterfaces(), i => i.Assembly == engine || i.GenericTypeArguments.Any(a => a.Assembly == engine));
            Assert.False(type.BaseType?.Assembly == engine, $"{type.FullName} derives from an engine type");
        }
    }
}
