# Writes file IN as a C++ raw string literal to OUT (for #include).
file(READ ${IN} CONTENT)
file(WRITE ${OUT} "R\"coproduce_embed(${CONTENT})coproduce_embed\"")
