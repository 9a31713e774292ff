"""benchtable"""
