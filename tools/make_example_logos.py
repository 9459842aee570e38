"""Draw the PNG logo of the fictional example region (run once; the PNG is committed).

    python tools/make_example_logos.py
"""

from pathlib import Path

import font_lato
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "assets/regions/maasdal/logos"
SIZE_PX = (1500, 500)  # 300 ppi at 127 x 42 mm: sharp on an A2 poster's logo row


def main() -> None:
    image = Image.new("RGBA", SIZE_PX, (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((20, 60, 400, 440), radius=80, fill=(122, 62, 150, 255))
    draw.ellipse((130, 130, 290, 290), fill=(255, 255, 255, 255))
    draw.rounded_rectangle((110, 300, 310, 400), radius=40, fill=(255, 255, 255, 255))
    bold = ImageFont.truetype(font_lato.font_files["LatoBold"], 150)
    regular = ImageFont.truetype(font_lato.font_files["Lato"], 120)
    draw.text((450, 70), "Jeugdpunt", font=bold, fill=(29, 29, 27, 255))
    draw.text((450, 270), "Heuvelrand", font=regular, fill=(122, 62, 150, 255))
    image.save(OUT / "jeugdpunt-heuvelrand.png", optimize=True)


if __name__ == "__main__":
    main()
