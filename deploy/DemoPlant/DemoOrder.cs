using IntegrationHub.Crm.Core.Progress;

namespace IntegrationHub.DemoPlant;

/// <summary>A generated order with its lines; <see cref="Salt"/> varies the details derived from it.</summary>
internal sealed record DemoOrder(
    string OrderNo, string CustomerCode, DateTime OrderDate, DateTime Promised, OrderStage Stage, IReadOnlyList<DemoLine> Lines,
    DateTime ModifiedAt, int Salt);

/// <summary>A generated order line.</summary>
internal sealed record DemoLine(int LineNo, (string Code, string Description, decimal Price, string Unit) Item, int Quantity);
