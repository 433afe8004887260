"""The base of every parsed Altegio object, and the status shape that several of them share."""

from pydantic import BaseModel, ConfigDict

from ..fields import Int, Text


class Wire(BaseModel):
    """Base for parsed objects: unknown fields ignored, immutable."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Status(Wire):
    """A status as Altegio sends it; its own title wins over any mapping of ours."""

    id: Int = 0
    title: Text = ""
    extended_title: Text = ""
    slug: Text = ""
