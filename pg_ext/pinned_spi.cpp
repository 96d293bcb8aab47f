#include "pinned_spi.hpp"

int lucia_spi_connect_pinned(void) {
    SPI_connect();
    int nest_level = NewGUCNestLevel();
    (void)set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0,
                            false);
    return nest_level;
}

void lucia_spi_finish_pinned(int nest_level) {
    AtEOXact_GUC(true, nest_level);
    SPI_finish();
}
