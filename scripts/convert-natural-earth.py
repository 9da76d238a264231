#!/usr/bin/env python3
"""Converts Natural Earth 1:110m country polygons (a .shp file) into the compact world.json
the web app draws its map from: one flat [lon, lat, lon, lat, ...] array per ring, 0.1 degree.

Run once: scripts/convert-natural-earth.py naturalearth_lowres.shp Sources/FerriteServer/Web/world.json
(the shapefile ships inside the geopandas 0.14 wheel on PyPI, geopandas/datasets/naturalearth_lowres).
"""
import json
import struct
import sys


def rings(path):
  data = open(path, "rb").read()
  offset = 100  # the main file header
  while offset < len(data):
    _, length = struct.unpack(">ii", data[offset:offset + 8])
    record = data[offset + 8:offset + 8 + 2 * length]
    offset += 8 + 2 * length
    (shape_type,) = struct.unpack("<i", record[:4])
    if shape_type != 5:  # only polygons
      continue
    parts_count, points_count = struct.unpack("<ii", record[36:44])
    parts = list(struct.unpack(f"<{parts_count}i", record[44:44 + 4 * parts_count]))
    base = 44 + 4 * parts_count
    points = [struct.unpack("<dd", record[base + 16 * i:base + 16 * i + 16]) for i in range(points_count)]
    for start, end in zip(parts, parts[1:] + [points_count]):
      flat, last = [], None
      for lon, lat in points[start:end]:
        point = (round(lon, 1), round(lat, 1))
        if point != last:
          flat += point
          last = point
      if len(flat) >= 6:
        yield flat


def main():
  source, target = sys.argv[1], sys.argv[2]
  document = {
    "source": "Natural Earth 1:110m Admin 0 countries (public domain), naturalearthdata.com",
    "rings": list(rings(source)),
  }
  with open(target, "w") as out:
    json.dump(document, out, separators=(",", ":"))


if __name__ == "__main__":
  main()
