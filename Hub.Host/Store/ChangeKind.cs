namespace IntegrationHub.Hub.Host.Store;

/// <summary>What a <see cref="ChangeNotice"/> is about (issue 18 item 4).</summary>
internal enum ChangeKind
{
    /// <summary>An order or one of its parts (line, work order, shipment) was written; the key is the order number.</summary>
    Order,

    /// <summary>A service ticket was written; the key is the ticket number.</summary>
    Ticket,

    /// <summary>A portal token was revoked or a session ended: open live pages check their credentials again. No key.</summary>
    Credentials,

    /// <summary>
    /// Changes may have been missed (the listening connection was lost, or a key too long for a notification): every
    /// subscriber re-reads. No key.
    /// </summary>
    Everything,
}
