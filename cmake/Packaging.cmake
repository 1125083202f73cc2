# A Debian package from the install tree: `cpack -G DEB` in the build folder.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME napmon)
set(CPACK_PACKAGE_CONTACT "napmon maintainers <napmon@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
	"National Action Plan progress monitor: daemon and client")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# napmon opens libcurl when a command talks to napmond (daemon/client.c), so
# dpkg-shlibdeps, which reads what the programs link, does not see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd, libcurl4")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
	${PROJECT_SOURCE_DIR}/systemd/debian/postinst
	${PROJECT_SOURCE_DIR}/systemd/debian/prerm
	${PROJECT_SOURCE_DIR}/systemd/debian/postrm
	${PROJECT_SOURCE_DIR}/systemd/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
