namespace ModelRisk.Gateway.Tests;

/// <summary>One echo backend and one gateway with the shipped configuration, shared by the tests of the collection.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public EchoBackend Backend { get; } = new();

    public GatewayFactory Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Backend.StartAsync();
        Gateway = new GatewayFactory(Backend.Address);
    }

    /// <summary>A gateway of its own for a test that needs different settings (a tiny bucket, anonymous docs).</summary>
    public GatewayFactory GatewayWith(IReadOnlyDictionary<string, string?> settings) => new(Backend.Address, settings);

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
