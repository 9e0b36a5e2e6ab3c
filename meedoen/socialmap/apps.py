from django.apps import AppConfig


class SocialmapConfig(AppConfig):
    """The social map (sociale kaart): offers, matching, referrals and routes."""

    name = "meedoen.socialmap"
    label = "socialmap"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from meedoen.core.trajectory_signals import TrajectorySignal, register
        from meedoen.socialmap.selectors import late_referrals

        register(
            TrajectorySignal(
                name="referral_late",
                label=_("referral without an answer"),
                find=late_referrals,
            )
        )
