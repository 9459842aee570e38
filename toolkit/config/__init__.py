"""Campaign configuration: the schema (declared once), loading and validation."""

from toolkit.config.load import load_campaign
from toolkit.config.model import Brand, Campaign, Partner, Region

__all__ = ["Brand", "Campaign", "Partner", "Region", "load_campaign"]
