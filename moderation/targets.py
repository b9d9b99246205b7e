"""What can be reported: one adapter per kind of content, registered in one line.

    targets.register("pulse", model="social.Pulse", author="user_id", text="content_text",
                     status_set="social.services.pulse_status_set", object_arg="pulse",
                     link="/api/v1/pulses/{id}/")

- `model`: "app_label.Model" of the content; the object is fetched by its primary key.
- `author`: attribute holding the author's user id ("id" for a member reported as such).
- `text`: attribute shown to moderators (the first 200 characters are kept on the item).
- `status_set`: dotted path of the content's moderation service, called as
  `status_set(<object_arg>=obj, status=...)` with status "visible", "hidden" or "removed";
  empty for content that cannot be hidden (a member: suspend or ban them instead).
- `link`: API path of the content, `{id}` filled in.
- `status_field`: the attribute holding visible/hidden/removed ("status" unless said).

The report API accepts every `ContentKind`; a kind with no adapter yet answers 400 "not
reportable yet". The exact lines for reviews, review comments and casting calls are in
docs/moderation.md. Strings are resolved when first used, so registering imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string

VISIBLE, HIDDEN, REMOVED = "visible", "hidden", "removed"


@dataclass(frozen=True)
class Target:
    kind: str
    model: str
    author: str
    text: str
    status_set: str = ""
    object_arg: str = "obj"
    link: str = ""
    status_field: str = "status"

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def hideable(self) -> bool:
        return bool(self.status_set)

    def fetch(self, object_id: int):
        """The object, or None when there is none."""
        return self.model_class._default_manager.filter(pk=object_id).first()

    def author_id(self, obj) -> int | None:
        return getattr(obj, self.author)

    def text_of(self, obj) -> str:
        return str(getattr(obj, self.text) or "")

    def link_of(self, object_id: int) -> str:
        return self.link.format(id=object_id) if self.link else ""

    def status_of(self, obj) -> str | None:
        return getattr(obj, self.status_field, None) if self.hideable else None

    def set_status(self, obj, status: str) -> None:
        if not self.hideable:
            raise ValueError(f"{self.kind} content has no visibility to change")
        import_string(self.status_set)(**{self.object_arg: obj, "status": status})


_REGISTRY: dict[str, Target] = {}


def register(kind: str, **adapter) -> Target:
    from moderation.models import ContentKind

    if kind not in ContentKind.values:
        raise ValueError(f"{kind!r} is not a ContentKind; add it there (and to the report API's enum) first")
    target = Target(kind=kind, **adapter)
    _REGISTRY[kind] = target
    return target


def unregister(kind: str) -> None:
    _REGISTRY.pop(kind, None)


def target_for(kind: str) -> Target | None:
    return _REGISTRY.get(kind)


def registered() -> list[str]:
    return sorted(_REGISTRY)


def register_builtin() -> None:
    """Every reportable kind of content, one line each (docs/moderation.md)."""
    register("user", model="social.User", author="id", text="username", link="/api/v1/users/{id}/")
    register("pulse", model="social.Pulse", author="user_id", text="content_text", status_set="social.services.pulse_status_set", object_arg="pulse", link="/api/v1/pulses/{id}/")  # fmt: skip
    register("pulse_comment", model="social.PulseComment", author="user_id", text="content", status_set="social.services.pulse_comment_status_set", object_arg="comment", link="")  # fmt: skip
    register("review", model="movies.Review", author="user_id", text="content", status_set="movies.services.reviews.review_status_set", object_arg="review", link="/api/v1/reviews/{id}/")  # fmt: skip
    register("review_comment", model="movies.ReviewComment", author="user_id", text="content", status_set="movies.services.reviews.review_comment_status_set", object_arg="comment")  # fmt: skip
    register("casting_call", model="talent.CastingCall", author="posted_by_id", text="project_title", status_set="talent.services.casting_call_moderation_set", object_arg="call", status_field="moderation_status", link="/api/v1/casting-calls/{id}/")  # fmt: skip
