using System.Reflection;
using NeuronDsl.CSharp;

namespace NeuronDsl.CSharp.Tests;

public class PublicSurfaceTests
{
    private static IEnumerable<Type> Mentioned(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var t in Mentioned(type.GetElementType()!)) yield return t;
        }
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Mentioned)) yield return t;
        }
    }

    private static IEnumerable<(string Where, Type Type)> PublicSignatures()
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in typeof(Neurons).Assembly.GetExportedTypes())
        {
            if (type.BaseType is not null) yield return ($"{type.Name} base", type.BaseType);
            foreach (var i in type.GetInterfaces()) yield return ($"{type.Name} interface", i);
            foreach (var m in type.GetMembers(Public))
            {
                var where = $"{type.Name}.{m.Name}";
                switch (m)
                {
                    case MethodBase method:
                        if (method is MethodInfo info) yield return (where, info.ReturnType);
                        foreach (var p in method.GetParameters()) yield return ($"{where}({p.Name})", p.ParameterType);
                        break;
                    case PropertyInfo property:
                        yield return (where, property.PropertyType);
                        break;
                    case FieldInfo field:
                        yield return (where, field.FieldType);
                        break;
                    case EventInfo e:
                        yield return (where, e.EventHandlerType!);
                        break;
                }
            }
        }
    }

    private static List<string> MentionsOf(Assembly assembly) =>
        PublicSignatures()
            .SelectMany(s => Mentioned(s.Type).Select(t => (s.Where, t)))
            .Where(s => s.t.Assembly == assembly)
            .Select(s => $"{s.Where}: {s.t}")
            .Distinct()
            .ToList();

    [Fact]
    public void NoPublicMemberMentionsATypeFromFSharpCore()
    {
        var leaks = MentionsOf(typeof(Microsoft.FSharp.Core.Unit).Assembly);
        Assert.True(leaks.Count == 0, "F# types on the public surface:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void NoPublicMemberMentionsATypeOfTheNeuronDslCore()
    {
        // The facade republishes the core's ideas in C# terms: no record, union or module of the F# core is public here.
        var leaks = MentionsOf(typeof(global::NeuronDsl.Solver).Assembly);
        Assert.True(leaks.Count == 0, "core types on the public surface:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void TheSurfaceCheckSeesTheFacadesTypes()
    {
        // Guards the two tests above against passing vacuously.
        var signatures = PublicSignatures().ToList();
        Assert.Contains(signatures, s => s.Where == "Simulator.Run" && s.Type == typeof(SimulationResult));
        Assert.True(signatures.Count > 100);
    }
}
