@_exported import CoprodModel
