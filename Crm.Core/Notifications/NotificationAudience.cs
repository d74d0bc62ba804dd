namespace IntegrationHub.Crm.Core.Notifications;

/// <summary>Who a notification is for.</summary>
public enum NotificationAudience
{
    Customer,
    ServiceDesk,
}
