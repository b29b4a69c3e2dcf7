//! Reading and writing the 903 as XML (`EXPSSDA903/CHILD/HEADER`, `EPISODE`...).
