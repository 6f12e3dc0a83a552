using System.Net;
using System.Net.Sockets;

namespace NeuronDsl.Orleans;

/// <summary>A HOST:PORT address of the coordinator (the cluster's primary silo), resolved to an IP endpoint.</summary>
public static class ClusterAddress
{
    /// <summary>Parses HOST:PORT (an IPv4 address or a host name, and a TCP port).</summary>
    /// <param name="field">The option or field the text came from, named in errors (e.g. "--cluster").</param>
    /// <param name="text">The address text.</param>
    /// <exception cref="ClusterException">The text is not HOST:PORT, the port is out of range, or the host does not resolve.</exception>
    public static IPEndPoint Parse(string field, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new ClusterException($"{field} is \"{text}\"; expected HOST:PORT, e.g. 127.0.0.1:11111");
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, out var port) || port < 1 || port > 65535)
            throw new ClusterException($"{field} has port \"{portText}\" in \"{text}\"; expected a TCP port from 1 to 65535");
        return new IPEndPoint(Resolve(field, host), port);
    }

    private static IPAddress Resolve(string field, string host)
    {
        if (IPAddress.TryParse(host, out var address)) return address;
        try
        {
            var found = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
            return found ?? throw new ClusterException($"{field} host \"{host}\" has no IPv4 address; expected a host name or an IPv4 address");
        }
        catch (SocketException e)
        {
            throw new ClusterException($"{field} host \"{host}\" does not resolve ({e.Message}); expected a host name or an IPv4 address", e);
        }
    }
}
