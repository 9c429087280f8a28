using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using ModelRisk.Contracts.Inventory.V1;

namespace ModelRisk.Messaging;

/// <summary>
/// The message types the outbox may write and dispatch, by full name. A row's type name is only ever looked up
/// here, never passed to <see cref="Type.GetType(string)"/>, so a row cannot make the dispatcher load an arbitrary type.
/// </summary>
public sealed class MessageTypeRegistry
{
    readonly FrozenDictionary<string, Type> _types;

    MessageTypeRegistry(IEnumerable<Type> types) => _types = types.ToFrozenDictionary(NameOf, StringComparer.Ordinal);

    /// <summary>Every record in a <c>ModelRisk.Contracts.*</c> namespace of the Contracts assembly.</summary>
    public static MessageTypeRegistry Default { get; } =
        new(typeof(ModelRegistered).Assembly.GetExportedTypes().Where(IsContractRecord));

    /// <summary>A registry of the given types; an older build knows fewer types than a newer one.</summary>
    public static MessageTypeRegistry Of(IEnumerable<Type> types) => new(types);

    public IReadOnlyCollection<Type> Types => _types.Values;

    public bool IsRegistered(Type type) => _types.TryGetValue(NameOf(type), out var known) && known == type;

    public bool TryResolve(string typeName, [NotNullWhen(true)] out Type? type) => _types.TryGetValue(typeName, out type);

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    // Records are recognised by the compiler-generated clone method; generated gRPC classes are not records.
    static bool IsContractRecord(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false, Namespace: not null }
        && type.Namespace.StartsWith("ModelRisk.Contracts.", StringComparison.Ordinal)
        && type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;
}
