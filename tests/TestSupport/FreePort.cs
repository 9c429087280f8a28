using System.Net;
using System.Net.Sockets;

namespace ModelRisk.TestSupport;

/// <summary>A loopback TCP port for a test server that must know its port before it starts (a management port).</summary>
public static class FreePort
{
    // Free when asked; the server binds it moments later, and a clash fails the test loudly, never silently.
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
