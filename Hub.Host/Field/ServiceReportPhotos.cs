using System.Globalization;
using IntegrationHub.Hub.Host.Desk;
using IntegrationHub.Hub.Host.Photos;
using IntegrationHub.Hub.Host.Store;

namespace IntegrationHub.Hub.Host.Field;

/// <summary>
/// The photos of an engineer's service report (issue 24 item 2), taken in through <see cref="PhotoIntake"/> (type from
/// the bytes, size and pixel limits, metadata stripped, stored by SHA-256). A report whose id is stored already (the page
/// sent it again after a lost answer) takes in nothing: the stored report keeps its photos, each stored once.
/// </summary>
internal static class ServiceReportPhotos
{
    /// <summary>The photos to store with the report, or the problem that refuses the whole report (nothing of it stored).</summary>
    public static async Task<(IReadOnlyList<StoredPhoto>? Photos, DeskError? Problem, int Status)> TakeAsync(
        IRulesUnitOfWork tx, ServiceReport report, IReadOnlyList<IFormFile> files, PhotoIntake intake, FieldEngineer engineer, CancellationToken cancellationToken)
    {
        if (files.Count > ServiceReportUpload.MaxPhotos)
        {
            return (null, new DeskError("too_many_photos", string.Create(CultureInfo.InvariantCulture,
                $"A service report takes at most {ServiceReportUpload.MaxPhotos} photos; this one has {files.Count}. Remove {files.Count - ServiceReportUpload.MaxPhotos}.")),
                StatusCodes.Status400BadRequest);
        }

        if (files.Count == 0 || await StoredBeforeAsync(tx, report, cancellationToken).ConfigureAwait(false))
        {
            return ([], null, StatusCodes.Status200OK);
        }

        var stored = new List<StoredPhoto>(files.Count);
        foreach (var file in files)
        {
            try
            {
                await using var content = file.OpenReadStream();
                var photo = await intake.AcceptAsync(content, file.FileName, PhotoOwner.Engineer(engineer.Id, report.TicketNo), cancellationToken).ConfigureAwait(false);
                // The same picture chosen twice is one photo of the report.
                if (!stored.Exists(p => p.Id == photo.Id))
                {
                    stored.Add(photo);
                }
            }
            catch (PhotoRejectedException e)
            {
                return (null, new DeskError(PhotoProblemCodes.Of(e.Problem), e.Message), PhotoProblemCodes.StatusOf(e.Problem));
            }
        }

        return (stored, null, StatusCodes.Status200OK);
    }

    private static async Task<bool> StoredBeforeAsync(IRulesUnitOfWork tx, ServiceReport report, CancellationToken cancellationToken) =>
        (await tx.ServiceReportsAsync(report.TicketNo, cancellationToken).ConfigureAwait(false)).Any(r => r.ReportId == report.ReportId);
}
