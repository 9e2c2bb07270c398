from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "production.media"
    label = "media"
    verbose_name = "Media"

    def ready(self) -> None:
        from projects import timeline

        timeline.register_kinds(
            {
                "asset.renamed": "Media renamed",
                "asset.deleted": "Media deleted",
                "asset.uploaded": "Media uploaded",
                "asset.unusable": "Media unusable",
                "render.succeeded": "Render finished",
                "render.failed": "Render failed",
                "render.cancelled": "Render cancelled",
                "transcript.requested": "Transcription asked for",
                "transcript.ready": "Transcribed",
                "transcript.failed": "Transcription failed",
                "transcript.captions": "Captions uploaded",
                "transcript.cue_edited": "Transcript corrected",
            }
        )
